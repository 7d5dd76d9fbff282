using System.Net;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.PersonPage;

/// <summary>
/// What the person's-page tests start from: an employment centre that registers the person, records
/// their consent for a hospital, and issues the codes they sign in with.
/// </summary>
public sealed class PageScenario(HubServer hub)
{
    public TestAgency Employment { get; private set; } = null!;

    public TestAgency Hospital { get; private set; } = null!;

    public async Task InitializeAsync(string employmentName = "Employment Support Centre", string hospitalName = "Metropolitan Hospital")
    {
        Employment = await hub.RegisterAgencyAsync(employmentName, AgencyKind.Employment);
        Hospital = await hub.RegisterAgencyAsync(hospitalName, AgencyKind.Medical);
    }

    public async Task<string> RegisterAsync(string birthDate = "1990-05-05") =>
        (await Employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = birthDate })).Person.PersonId;

    /// <summary>The person's consent for the hospital to see their basic identity and diagnosis, for treatment.</summary>
    public async Task<V1.Consent> GrantAsync(string person) =>
        (await Employment.Channel.Consents().GrantConsentAsync(
            ConsentRequests.Grant(person, Hospital.AgencyId, Purpose.Treatment, DataCategory.Diagnosis, DataCategory.IdentityBasic))).Consent;

    public async Task<(string Person, V1.Consent Consent)> PersonWithConsentAsync()
    {
        var person = await RegisterAsync();
        return (person, await GrantAsync(person));
    }

    public async Task<string> CodeAsync(string person) =>
        (await Employment.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person })).Code;

    /// <summary>A browser signed in as the person with a fresh code.</summary>
    public async Task<PageBrowser> SignedInAsync(string person, string? acceptLanguage = null)
    {
        var browser = new PageBrowser(hub.HttpAddress, acceptLanguage);
        using var signIn = await browser.SignInAsync(await CodeAsync(person));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }
}
