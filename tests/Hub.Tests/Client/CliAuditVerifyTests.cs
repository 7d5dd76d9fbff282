using System.Globalization;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Client;

/// <summary>
/// hubctl audit verify, on a hub of its own: the test alters a record of the audit trail, which
/// would break the chain of the shared hub for every other test.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CliAuditVerifyTests(PostgresFixture postgres) : IAsyncLifetime
{
    private HubServer _hub = null!;
    private CliRunner _hubctl = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(postgres);
        _hubctl = new CliRunner(_hub);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Verify_says_intact_and_then_names_the_record_that_was_altered()
    {
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var school = await _hub.RegisterAgencyAsync("Minami School", AgencyKind.School);
        var person = (await welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "2001-01-01" })).Person.PersonId;
        var expires = DateTime.UtcNow.Date.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var purpose in new[] { "EDUCATION_SUPPORT", "CARE_COORDINATION" })
        {
            var granted = await _hubctl.AsAsync(
                welfare, "consent", "grant", "--person", person, "--recipient", school.AgencyId, "--purpose", purpose, "--categories", "SUPPORT_PLAN", "--expires", expires);
            Assert.True(granted.ExitCode == 0, granted.ToString());
        }

        var intact = await _hubctl.AsOperatorAsync("audit", "verify");
        var secondRecordId = await _hub.Database.ScalarAsync<string>("SELECT record_id FROM audit_record WHERE seq = 2");
        await _hub.Database.ScalarAsync<int>(
            "ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only; UPDATE audit_record SET purpose = 3 WHERE seq = 2; SELECT 1");
        var broken = await _hubctl.AsOperatorAsync("audit", "verify");

        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.Equal("yes", intact.Field("intact"));
        Assert.Equal("2", intact.Field("verified records"));
        Assert.Equal(1, broken.ExitCode);
        Assert.Equal("no", broken.Field("intact"));
        Assert.Equal("1", broken.Field("verified records"));
        Assert.Equal(secondRecordId, broken.Field("first broken record"));
        Assert.NotEmpty(broken.Field("problem"));
    }

    [Fact]
    public async Task Verify_is_for_the_operator_only()
    {
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);

        var result = await _hubctl.AsAsync(welfare, "audit", "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(SCOPE_MISSING scope=hub.admin)", result.Error, StringComparison.Ordinal);
    }
}
