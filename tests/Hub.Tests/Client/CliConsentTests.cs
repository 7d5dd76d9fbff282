using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Client;

/// <summary>hubctl consent and audit records, run as a partner agency's operator would, against the shared test hub.</summary>
[Collection(HubCollection.Name)]
public sealed class CliConsentTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private readonly CliRunner _hubctl = new(fixture.Hub);
    private readonly string _expires = DateTime.UtcNow.Date.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private TestAgency _employment = null!;
    private TestAgency _hospital = null!;
    private string _personId = null!;

    public async Task InitializeAsync()
    {
        _employment = await _hub.RegisterAgencyAsync("Employment Support Centre", AgencyKind.Employment);
        _hospital = await _hub.RegisterAgencyAsync("Metropolitan Hospital", AgencyKind.Medical);
        _personId = (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1998-05-12" })).Person.PersonId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Grant_then_check_shows_the_permitted_categories()
    {
        var granted = await GrantTreatmentToHospitalAsync();

        Assert.True(granted.ExitCode == 0, granted.ToString());
        Assert.Equal($"Metropolitan Hospital ({_hospital.AgencyId})", granted.Field("recipient"));
        Assert.Equal("TREATMENT", granted.Field("purpose"));
        Assert.Equal("SUPPORT_PLAN, DIAGNOSIS (sensitive)", granted.Field("categories"));
        Assert.Equal("SUBJECT, WRITTEN", granted.Field("granted by"));
        Assert.Equal("ACTIVE", granted.Field("status"));
        var check = await _hubctl.AsAsync(
            _hospital, "consent", "check", "--person", _personId, "--purpose", "TREATMENT", "--categories", "SUPPORT_PLAN,DIAGNOSIS,MEDICATION");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal("SUPPORT_PLAN, DIAGNOSIS", check.Field("permitted"));
        Assert.Equal(granted.Field("consent id"), check.Field("consents"));
        Assert.Equal(["MEDICATION", "CATEGORY_NOT_CONSENTED"], check.Row("MEDICATION"));
    }

    [Fact]
    public async Task Request_drafts_a_consent_for_the_person_that_permits_nothing_yet()
    {
        var requested = await _hubctl.AsAsync(
            _employment, "consent", "request", "--person", _personId, "--recipient", _hospital.AgencyId, "--purpose", "treatment",
            "--categories", "SUPPORT_PLAN,DIAGNOSIS", "--expires", _expires, "--explanation", "to plan your return to work together");
        var check = await _hubctl.AsAsync(_hospital, "consent", "check", "--person", _personId, "--purpose", "treatment");

        Assert.True(requested.ExitCode == 0, requested.ToString());
        Assert.Equal("REQUESTED", requested.Field("status"));
        Assert.Equal("from the person's approval until " + requested.Field("period").Split(" until ")[1], requested.Field("period"));
        Assert.Equal("to plan your return to work together", requested.Field("asked because"));
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains("NOT_FOUND", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_code_prints_the_code_once_and_where_to_sign_in()
    {
        var issued = await _hubctl.AsAsync(_employment, "person", "access-code", _personId);

        Assert.True(issued.ExitCode == 0, issued.ToString());
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{3}(-[0-9A-HJKMNP-TV-Z]{3}){5}$", issued.Field("code"));
        Assert.Equal("the person", issued.Field("for"));
        Assert.Equal(new Uri(_hub.HttpAddress, "/me").ToString(), issued.Field("sign in at"));
    }

    [Fact]
    public async Task Revoke_then_check_shows_consent_revoked()
    {
        var consentId = (await GrantTreatmentToHospitalAsync()).Field("consent id");

        var revoked = await _hubctl.AsAsync(_employment, "consent", "revoke", consentId, "--reason", "withdrawn by the person");
        var check = await _hubctl.AsAsync(_hospital, "consent", "check", "--person", _personId, "--purpose", "treatment", "--categories", "support_plan");

        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Equal("REVOKED", revoked.Field("status"));
        Assert.EndsWith("by Employment Support Centre: withdrawn by the person", revoked.Field("revoked"), StringComparison.Ordinal);
        Assert.Equal("(none)", check.Field("permitted"));
        Assert.Equal(["SUPPORT_PLAN", "CONSENT_REVOKED"], check.Row("SUPPORT_PLAN"));
    }

    [Fact]
    public async Task An_unknown_purpose_name_is_a_usage_error_that_lists_the_purposes()
    {
        var result = await GrantToHospitalAsync("--purpose", "WELLBEING", "--categories", "SUPPORT_PLAN", "--expires", _expires);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--purpose: 'WELLBEING' is not one of EMPLOYMENT_SUPPORT, CARE_COORDINATION, TREATMENT,", result.Error, StringComparison.Ordinal);
        Assert.Contains("hubctl consent grant --help", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Empty((await _employment.Channel.Consents().ListConsentsAsync(new ListConsentsRequest { PersonId = _personId })).Consents);
    }

    [Fact]
    public async Task A_date_time_without_an_offset_is_a_usage_error()
    {
        var result = await GrantToHospitalAsync("--purpose", "TREATMENT", "--categories", "SUPPORT_PLAN", "--expires", _expires + "T09:00:00");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--expires:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_date_is_midnight_utc_and_an_offset_is_honoured()
    {
        var validFrom = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var granted = await GrantToHospitalAsync(
            "--purpose", "TREATMENT", "--categories", "SUPPORT_PLAN", "--valid-from", validFrom + "T09:00:00+09:00", "--expires", _expires);

        Assert.True(granted.ExitCode == 0, granted.ToString());
        Assert.Equal($"{validFrom} 00:00:00Z until {_expires} 00:00:00Z", granted.Field("period"));
        Assert.Equal("PENDING", granted.Field("status"));
    }

    [Fact]
    public async Task A_grant_naming_a_sensitive_category_without_acknowledging_it_prints_the_reason()
    {
        var refused = await GrantToHospitalAsync("--purpose", "TREATMENT", "--categories", "DIAGNOSIS", "--expires", _expires);

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error: InvalidArgument: ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("(SENSITIVE_CATEGORY_NOT_ACKNOWLEDGED category=DATA_CATEGORY_DIAGNOSIS field=sensitive_acknowledged)", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_the_caller_may_not_see_is_not_found_with_the_reason()
    {
        var stranger = await _hub.RegisterAgencyAsync("Unrelated School", AgencyKind.School);

        var result = await _hubctl.AsAsync(stranger, "consent", "check", "--person", _personId, "--purpose", "EDUCATION_SUPPORT");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: NotFound: Person not found. (NOT_FOUND)", result.Error.TrimEnd());
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Audit_records_print_the_grant_and_the_revocation()
    {
        var consentId = (await GrantTreatmentToHospitalAsync()).Field("consent id");
        await _hubctl.AsAsync(_hospital, "consent", "revoke", consentId, "--reason", "relinquished by the recipient");

        var records = await _hubctl.AsAsync(_employment, "audit", "records", "--person", _personId);

        Assert.True(records.ExitCode == 0, records.ToString());
        var rows = records.Lines.Skip(1).Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..]).ToList();
        Assert.Equal(
            [
                ["Employment Support Centre", "CONSENT_GRANTED", "TREATMENT", "SUPPORT_PLAN, DIAGNOSIS", consentId],
                ["Metropolitan Hospital", "CONSENT_REVOKED", "TREATMENT", "SUPPORT_PLAN, DIAGNOSIS", consentId],
            ],
            rows);
    }

    [Fact]
    public async Task List_and_records_page_through_everything()
    {
        // One more than a page (the hub's default page size is 50).
        const int Count = 51;
        for (var i = 0; i < Count; i++)
        {
            await _employment.Channel.Consents().GrantConsentAsync(new GrantConsentRequest
            {
                PersonId = _personId,
                RecipientAgencyId = _hospital.AgencyId,
                Purpose = Purpose.Treatment,
                Categories = { DataCategory.SupportPlan },
                ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddDays(30)),
                GrantedBy = GrantorRole.Subject,
                CollectionMethod = CollectionMethod.Written,
            });
        }

        var list = await _hubctl.AsAsync(_employment, "consent", "list", "--person", _personId);
        var givenToHospital = await _hubctl.AsAsync(_hospital, "consent", "list");
        var records = await _hubctl.AsAsync(_employment, "audit", "records", "--person", _personId);

        Assert.Equal(Count, list.Lines.Count(line => line.StartsWith("cn_", StringComparison.Ordinal)));
        Assert.Equal(Count, givenToHospital.Lines.Count(line => line.StartsWith("cn_", StringComparison.Ordinal) && line.Contains("Metropolitan Hospital", StringComparison.Ordinal)));
        Assert.Equal(Count, records.Lines.Count(line => line.Contains("CONSENT_GRANTED", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_receipt_prints_the_document_and_its_key_and_signed_the_same_key_in_the_header()
    {
        var consentId = (await GrantTreatmentToHospitalAsync()).Field("consent id");

        var receipt = await _hubctl.AsAsync(_hospital, "consent", "receipt", consentId);
        var signed = await _hubctl.AsAsync(_hospital, "consent", "receipt", consentId, "--signed");

        Assert.True(receipt.ExitCode == 0, receipt.ToString());
        var document = JsonDocument.Parse(string.Join('\n', receipt.Lines.TakeWhile(line => !line.StartsWith("key id:", StringComparison.Ordinal)))).RootElement;
        Assert.Equal(consentId, document.GetProperty("consent_record_id").GetString());
        var keyId = receipt.Field("key id").Split(' ')[0];
        var parts = signed.Output.Trim().Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
        Assert.Equal(keyId, header.GetProperty("kid").GetString());
    }

    private Task<CliResult> GrantTreatmentToHospitalAsync() => GrantToHospitalAsync(
        "--purpose", "treatment", "--categories", "SUPPORT_PLAN,DIAGNOSIS", "--acknowledge-sensitive", "DIAGNOSIS", "--expires", _expires);

    /// <summary>hubctl consent grant as the employment centre, linked to the person, to the hospital.</summary>
    private Task<CliResult> GrantToHospitalAsync(params string[] options) =>
        _hubctl.AsAsync(_employment, ["consent", "grant", "--person", _personId, "--recipient", _hospital.AgencyId, .. options]);
}
