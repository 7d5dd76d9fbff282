using System.Net;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.PersonPage;

/// <summary>The per-address limit on sign-in attempts, on a hub of its own configured with a small one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SignInLimitTests(PostgresFixture postgres) : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(postgres, new Dictionary<string, string?>
    {
        ["Hub:PersonPage:SignInAttemptsPerAddress"] = "3",
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task One_address_gets_a_few_attempts_then_429_even_with_a_right_code()
    {
        var agency = await _hub.RegisterAgencyAsync("Employment Support Centre", AgencyKind.Employment);
        var person = (await agency.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-05-05" })).Person.PersonId;
        var code = (await agency.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person })).Code;
        using var browser = new PageBrowser(_hub.HttpAddress, "en");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var wrong = await browser.SignInAsync("000-000-000-000-000-000");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var limited = await browser.SignInAsync(code);
        using var form = await browser.GetAsync("/me/sign-in");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(used_at) FROM person_access_code WHERE person_id = '{person}'"));
    }
}
