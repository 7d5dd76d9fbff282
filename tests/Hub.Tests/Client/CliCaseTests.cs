using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Client;

/// <summary>hubctl case publish|get, run as the agencies' systems would, against the shared test hub.</summary>
[Collection(HubCollection.Name)]
public sealed class CliCaseTests(HubFixture fixture) : IAsyncLifetime
{
    private const string Justification = "Crisis line call: the person says they took an overdose and is alone at home.";

    // The welfare office's summary, as a coordinator would write the file: categories in any case,
    // a fact of two lines, a section with no assessment, the sections in no particular order.
    private const string WelfareSummary = """
        [
          {"category": "LIVING_SITUATION", "facts": "Lives alone in a rented flat since April.", "person_words": "\"I manage, mostly.\""},
          {
            "category": "employment_status",
            "facts": "Works 20 hours a week at a logistics firm.\nOff sick three days in May.",
            "plan": "Review the hours with the employer in July.",
            "person_words": "\"I want to go full time next year.\""
          },
          {"category": "CRISIS_PLAN", "plan": "Call the crisis line; the sister is the first contact."},
          {"category": "IDENTITY_BASIC", "facts": "Prefers to be called Aki."},
        ]
        """;

    private readonly HubServer _hub = fixture.Hub;
    private readonly CliRunner _hubctl = new(fixture.Hub);
    private readonly List<string> _files = [];
    private TestAgency _welfare = null!;
    private TestAgency _employment = null!;
    private TestAgency _school = null!;
    private string _personId = null!;

    public async Task InitializeAsync()
    {
        _welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        _employment = await _hub.RegisterAgencyAsync("Employment Support Centre", AgencyKind.Employment);
        _school = await _hub.RegisterAgencyAsync("Minami School", AgencyKind.School);
        _personId = (await _welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1999-09-09" })).Person.PersonId;
    }

    public Task DisposeAsync()
    {
        _files.ForEach(File.Delete);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Publish_prints_the_summary_and_the_author_reads_its_latest_version_in_full()
    {
        var first = await PublishAsync(WelfareSummary);
        var second = await PublishAsync(WelfareSummary.Replace("Lives alone", "Lives with the sister", StringComparison.Ordinal));
        var read = await _hubctl.AsAsync(_welfare, "case", "get", _personId, "--purpose", "WELFARE_SERVICE_PLANNING");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal($"Welfare Office ({_welfare.AgencyId})", first.Field("author"));
        Assert.Equal("1", first.Field("version"));
        Assert.NotEmpty(first.Field("published at"));
        // The hub keeps a summary's sections in category order, whatever the file's order.
        Assert.Equal(["IDENTITY_BASIC", "EMPLOYMENT_STATUS", "LIVING_SITUATION", "CRISIS_PLAN"], Headings(first));
        Assert.Equal("2", second.Field("version"));
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal("2", read.Field("version"));
        Assert.Equal(Headings(first), Headings(read));
        Assert.Contains("  Facts:                  Lives with the sister in a rented flat since April.", read.Lines);
        Assert.DoesNotContain("Lives alone", read.Output, StringComparison.Ordinal);
        var employment = Section(read, "EMPLOYMENT_STATUS");
        Assert.Equal(
            [
                "  Facts:                  Works 20 hours a week at a logistics firm.",
                "                          Off sick three days in May.",
                "  Assessment:             (none)",
                "  Plan:                   Review the hours with the employer in July.",
                "  In the person's words:  \"I want to go full time next year.\"",
            ],
            employment);
        Assert.StartsWith("ar_", read.Field("access record"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_reads_only_the_sections_its_consent_covers()
    {
        await PublishAsync(WelfareSummary);
        await GrantEmploymentStatusToEmploymentCentreAsync();

        var read = await _hubctl.AsAsync(_employment, "case", "get", _personId, "--purpose", "employment_support");

        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal($"Welfare Office ({_welfare.AgencyId})", read.Field("author"));
        Assert.Equal(["EMPLOYMENT_STATUS"], Headings(read));
        Assert.DoesNotContain("rented flat", read.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("crisis line", read.Output, StringComparison.Ordinal);
        Assert.Equal("EMPLOYMENT_STATUS", read.Field("permitted categories"));
        Assert.Equal("EMPLOYMENT_SUPPORT", read.Field("purpose"));
    }

    [Fact]
    public async Task A_read_under_a_revoked_consent_prints_consent_revoked()
    {
        await PublishAsync(WelfareSummary);
        var consentId = await GrantEmploymentStatusToEmploymentCentreAsync();
        await _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consentId, Reason = "withdrawn by the person" });

        var read = await _hubctl.AsAsync(_employment, "case", "get", _personId, "--purpose", "EMPLOYMENT_SUPPORT");

        Assert.Equal(1, read.ExitCode);
        Assert.StartsWith("error: PermissionDenied: ", read.Error, StringComparison.Ordinal);
        Assert.EndsWith("(CONSENT_REVOKED)", read.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.Empty(read.Output);
        var records = await _hubctl.AsAsync(_welfare, "audit", "records", "--person", _personId);
        var refused = records.Lines.Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Single(cells => cells.Length > 2 && cells[2] == "READ_REFUSED");
        Assert.Equal(["Employment Support Centre", "READ_REFUSED", "EMPLOYMENT_SUPPORT", "(all asked)"], refused[1..]);
    }

    [Fact]
    public async Task Breaking_the_glass_reads_only_identity_and_crisis_plan_and_the_records_show_the_justification()
    {
        await PublishAsync(WelfareSummary);

        var read = await _hubctl.AsAsync(_school, "case", "get", _personId, "--break-glass", Justification);
        var records = await _hubctl.AsAsync(_welfare, "audit", "records", "--person", _personId);

        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(["IDENTITY_BASIC", "CRISIS_PLAN"], Headings(read));
        Assert.Equal("EMERGENCY", read.Field("purpose"));
        Assert.Equal("IDENTITY_BASIC, CRISIS_PLAN", read.Field("permitted categories"));
        Assert.True(records.ExitCode == 0, records.ToString());
        string[] RecordOf(string action) =>
            records.Lines.Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Single(cells => cells[2] == action)[1..];
        Assert.Equal(["Minami School", "DATA_DISCLOSED", "EMERGENCY", "IDENTITY_BASIC, CRISIS_PLAN", $"yes: {Justification}"], RecordOf("DATA_DISCLOSED"));
        // A publication serves no purpose, and its row leaves the column empty rather than print UNSPECIFIED.
        Assert.Equal(["Welfare Office", "CASE_SUMMARY_PUBLISHED", "IDENTITY_BASIC, EMPLOYMENT_STATUS, LIVING_SITUATION, CRISIS_PLAN"], RecordOf("CASE_SUMMARY_PUBLISHED"));
    }

    [Theory]
    [InlineData("{\"category\": \"CRISIS_PLAN\", \"plan\": \"p\"}", "must hold an array of sections")]
    [InlineData("[{\"category\": \"CRISIS_PLAN\", \"plan\": \"p\"}", "is not valid JSON (line 1,")]
    [InlineData("[{\"category\": \"CRISIS\", \"plan\": \"p\"}]", "section 1: category 'CRISIS' is not one of IDENTITY_BASIC,")]
    [InlineData("[{\"category\": \"CRISIS_PLAN\", \"plan\": \"p\"}, {\"plan\": \"p\"}]", "section 2 has no category")]
    [InlineData("[{\"category\": \"CRISIS_PLAN\", \"personwords\": \"p\"}]", "section 1: unknown field \"personwords\"")]
    [InlineData("[{\"category\": \"CRISIS_PLAN\", \"plan\": 3}]", "section 1: \"plan\" must be a string")]
    [InlineData("[\"CRISIS_PLAN\"]", "section 1 is not an object")]
    public async Task A_malformed_file_is_a_usage_error_and_publishes_nothing(string contents, string problem)
    {
        var published = await PublishAsync(contents);

        Assert.Equal(2, published.ExitCode);
        Assert.StartsWith("error: --file ", published.Error, StringComparison.Ordinal);
        Assert.Contains(problem, published.Error, StringComparison.Ordinal);
        Assert.Empty(published.Output);
        var records = await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId, Actions = { AuditAction.CaseSummaryPublished } });
        Assert.Empty(records.Records);
    }

    [Theory]
    [InlineData(new string[0], "--purpose is required")]
    [InlineData(new[] { "--purpose", "EMERGENCY" }, "give --break-glass JUSTIFICATION")]
    [InlineData(new[] { "--purpose", "TREATMENT", "--break-glass", Justification }, "reads with purpose EMERGENCY, not TREATMENT")]
    public async Task Get_needs_a_purpose_and_emergency_goes_with_a_justification(string[] options, string problem)
    {
        var read = await _hubctl.AsAsync(_school, ["case", "get", _personId, .. options]);

        Assert.Equal(2, read.ExitCode);
        Assert.Contains(problem, read.Error, StringComparison.Ordinal);
        Assert.Empty(read.Output);
    }

    /// <summary>hubctl case publish as the welfare office, linked to the person, with a --file holding <paramref name="contents"/>.</summary>
    private async Task<CliResult> PublishAsync(string contents)
    {
        var file = Path.GetTempFileName();
        _files.Add(file);
        await File.WriteAllTextAsync(file, contents);
        return await _hubctl.AsAsync(_welfare, "case", "publish", _personId, "--file", file);
    }

    private async Task<string> GrantEmploymentStatusToEmploymentCentreAsync() =>
        (await _welfare.Channel.Consents().GrantConsentAsync(ConsentRequests.Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent.ConsentId;

    /// <summary>The category headings of the printed sections, in order: the lines that are a category name alone.</summary>
    private static List<string> Headings(CliResult result) => [.. result.Lines.Where(line => ProtoEnum<DataCategory>.TryParseShortName(line, out _) && line == line.Trim())];

    /// <summary>The lines under one section's heading, up to the next blank line.</summary>
    private static List<string> Section(CliResult result, string category) =>
        [.. result.Output.Split('\n').SkipWhile(line => line != category).Skip(1).TakeWhile(line => line.Length > 0)];
}
