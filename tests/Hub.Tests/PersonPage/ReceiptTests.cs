using System.Net;
using System.Text.Json.Nodes;
using Hub.Auth;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.PersonPage;

/// <summary>A4 on the person's page: receipts of a consent, of its withdrawal and of each disclosure, verified with the published receipt keys.</summary>
[Collection(HubCollection.Name)]
public sealed class ReceiptTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private readonly PageScenario _scenario = new(fixture.Hub);

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_consent_receipt_downloads_and_verifies_with_a_receipt_key_that_is_no_token_key()
    {
        var (person, consentId) = await PersonWithConsentAsync();
        using var browser = await SignedInAsync(person);

        using var download = await browser.GetAsync($"/me/consents/{consentId}?handler=Receipt");
        var receipt = await VerifiedAsync(download);

        Assert.Equal("consent", (string?)receipt["receipt_type"]);
        Assert.Equal(consentId, (string?)receipt["consent_record_id"]);
        Assert.Equal(person, (string?)receipt["pii_principal_id"]);
        Assert.Equal("Metropolitan Hospital", (string?)receipt["recipient"]!["name"]);
        Assert.Contains("attachment", download.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var tokenKeys = JsonNode.Parse(await new HttpClient().GetStringAsync(new Uri(_hub.HttpAddress, "/.well-known/jwks.json")))!;
        Assert.DoesNotContain(tokenKeys["keys"]!.AsArray(), key => (string?)key!["kid"] == KeyIdOf(receipt));
    }

    [Fact]
    public async Task A_receipt_still_verifies_after_the_token_keys_rotate()
    {
        var (person, consentId) = await PersonWithConsentAsync();
        using var browser = await SignedInAsync(person);
        using var download = await browser.GetAsync($"/me/consents/{consentId}?handler=Receipt");
        var signed = await download.Content.ReadAsStringAsync();

        await _hub.Services.GetRequiredService<SigningKeys>().RotateAsync(CancellationToken.None);
        await _hub.Services.GetRequiredService<SigningKeys>().RotateAsync(CancellationToken.None);

        Assert.NotNull(await VerifyAsync(signed));
    }

    [Fact]
    public async Task The_withdrawal_receipt_exists_once_withdrawn_and_says_the_person_withdrew()
    {
        var (person, consentId) = await PersonWithConsentAsync();
        using var browser = await SignedInAsync(person);
        using var beforeWithdrawal = await browser.GetAsync($"/me/consents/{consentId}?handler=WithdrawalReceipt");

        var withdraw = $"/me/consents/{consentId}/withdraw";
        using var withdrawn = await browser.PostFormAsync(withdraw, withdraw, ("reason", string.Empty));
        using var download = await browser.GetAsync($"/me/consents/{consentId}?handler=WithdrawalReceipt");
        var receipt = await VerifiedAsync(download);

        Assert.Equal(HttpStatusCode.NotFound, beforeWithdrawal.StatusCode);
        Assert.Equal("withdrawal", (string?)receipt["receipt_type"]);
        Assert.Equal("CONSENT_STATUS_REVOKED", (string?)receipt["status"]);
        Assert.True((bool)receipt["withdrawn_by"]!["pii_principal"]!);
        Assert.Equal("Withdrawn by the person on their own page.", (string?)receipt["withdrawal_reason"]);
    }

    [Fact]
    public async Task Each_disclosure_has_its_receipt_and_no_one_else_s_record_gives_one()
    {
        var (person, consentId) = await PersonWithConsentAsync();
        await _scenario.Employment.Channel.Cases().PublishCaseSummaryAsync(CaseRequests.Publish(person, "employment", DataCategory.Diagnosis));
        await _scenario.Hospital.Channel.Cases().GetCaseSummaryAsync(CaseRequests.Read(person, Purpose.Treatment, DataCategory.Diagnosis));
        var (other, _) = await PersonWithConsentAsync();
        await _scenario.Employment.Channel.Cases().PublishCaseSummaryAsync(CaseRequests.Publish(other, "employment", DataCategory.Diagnosis));
        await _scenario.Hospital.Channel.Cases().GetCaseSummaryAsync(CaseRequests.Read(other, Purpose.Treatment, DataCategory.Diagnosis));
        var othersRecord = await _hub.Database.ScalarAsync<string>($"SELECT record_id FROM audit_record WHERE person_id = '{other}' AND action = 3");
        using var browser = await SignedInAsync(person);

        var consentPage = await browser.GetHtmlAsync($"/me/consents/{consentId}");
        var link = System.Text.RegularExpressions.Regex.Match(consentPage, "href=\"(/me/access\\?handler=Receipt&amp;record=[^\"]+)\"").Groups[1].Value;
        using var download = await browser.GetAsync(WebUtility.HtmlDecode(link));
        var receipt = await VerifiedAsync(download);
        using var others = await browser.GetAsync($"/me/access?handler=Receipt&record={othersRecord}");

        Assert.Equal("disclosure", (string?)receipt["receipt_type"]);
        Assert.Equal(_scenario.Hospital.AgencyId, (string?)receipt["recipient"]!["agency_id"]);
        Assert.Equal("PURPOSE_TREATMENT", (string?)receipt["purpose"]);
        Assert.Equal(consentId, (string?)receipt["consent_record_ids"]![0]);
        Assert.Equal("DATA_CATEGORY_DIAGNOSIS", (string?)receipt["pii_categories"]![0]!["category"]);
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
    }

    private async Task<JsonNode> VerifiedAsync(HttpResponseMessage download)
    {
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/jose", download.Content.Headers.ContentType!.MediaType);
        return await VerifyAsync(await download.Content.ReadAsStringAsync()) ?? throw new Xunit.Sdk.XunitException("the receipt's signature does not verify with the published receipt key");
    }

    private Task<JsonNode?> VerifyAsync(string compact) => PublishedReceiptKeys.VerifyAsync(_hub.HttpAddress, compact);

    private static string KeyIdOf(JsonNode receipt) => (string)receipt["_kid"]!;

    private async Task<(string Person, string ConsentId)> PersonWithConsentAsync()
    {
        var (person, consent) = await _scenario.PersonWithConsentAsync();
        return (person, consent.ConsentId);
    }

    private Task<PageBrowser> SignedInAsync(string person) => _scenario.SignedInAsync(person);
}
