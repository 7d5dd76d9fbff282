using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Client;

/// <summary>hubctl events, run as a recipient's system: it sees the withdrawal, acknowledges it, and the person's log says so.</summary>
[Collection(HubCollection.Name)]
public sealed class CliEventsTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly CliRunner _hubctl = new(fixture.Hub);
    private Cast _cast = null!;

    public async Task InitializeAsync() => _cast = await Cast.AssembleAsync(fixture.Hub);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_recipient_watches_from_a_cursor_sees_the_revocation_and_acknowledges_it()
    {
        var consent = (await _cast.Welfare.Channel.Consents().GrantConsentAsync(
            Grant(_cast.PersonId, _cast.Employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent.ConsentId;
        await _cast.Welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent, Reason = "at the person's request" });

        var watched = await _hubctl.AsAsync(_cast.Employment, "events", "watch", "--after", "0", "--kinds", "consent_revoked", "--count", "1");

        Assert.True(watched.ExitCode == 0, watched.ToString());
        var line = Assert.Single(watched.Lines, line => line.Contains(consent, StringComparison.Ordinal)).Split("  ");
        Assert.Equal("CONSENT_REVOKED", line[2]);
        Assert.Equal(_cast.PersonId, line[3]);
        var acknowledged = await _hubctl.AsAsync(_cast.Employment, "events", "ack", line[4]);
        Assert.True(acknowledged.ExitCode == 0, acknowledged.ToString());
        var records = await _hubctl.AsAsync(_cast.Welfare, "audit", "records", "--person", _cast.PersonId);
        Assert.Contains(records.Lines, row => row.StartsWith(acknowledged.Field("acknowledged"), StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(row, "Employment Centre +EVENT_ACKNOWLEDGED +EMPLOYMENT_SUPPORT"));
    }

    [Fact]
    public async Task An_unknown_kind_is_a_usage_error_and_someone_elses_event_is_not_found()
    {
        var badKind = await _hubctl.AsAsync(_cast.Employment, "events", "watch", "--kinds", "consent_forgotten");
        var notFound = await _hubctl.AsAsync(_cast.School, "events", "ack", "ev_aaaaaaaaaaaaaaaaaaaaaaaaaa");

        Assert.Equal(2, badKind.ExitCode);
        Assert.Contains("consent_forgotten", badKind.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, notFound.ExitCode);
        Assert.Contains("(NOT_FOUND)", notFound.Error, StringComparison.Ordinal);
    }
}
