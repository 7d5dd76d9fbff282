using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Services;

[Collection(HubCollection.Name)]
public sealed class AgencyServiceTests(HubFixture fixture)
{
    private readonly HubServer _hub = fixture.Hub;

    [Fact]
    public async Task Registering_returns_the_agency_its_client_and_a_secret_that_works()
    {
        var admin = await _hub.AdminAsync();

        var registered = await admin.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest { Name = "  Kita Employment Office ", Kind = AgencyKind.Employment });

        Assert.StartsWith("ag_", registered.Agency.AgencyId, StringComparison.Ordinal);
        Assert.Equal("Kita Employment Office", registered.Agency.Name);
        Assert.Equal(AgencyKind.Employment, registered.Agency.Kind);
        Assert.Equal(registered.ClientId, registered.Agency.ClientId);
        Assert.False(string.IsNullOrEmpty(await _hub.TokenAsync(registered.ClientId, registered.ClientSecret)));
    }

    [Fact]
    public async Task A_repeated_request_id_returns_the_same_agency_without_the_secret()
    {
        var admin = await _hub.AdminAsync();
        var request = new RegisterAgencyRequest { Name = "Idempotent Office", Kind = AgencyKind.Welfare, RequestId = Guid.NewGuid().ToString() };

        var first = await admin.Agencies().RegisterAgencyAsync(request);
        var repeat = await admin.Agencies().RegisterAgencyAsync(request);

        Assert.Equal(first.Agency, repeat.Agency);
        Assert.Equal(first.ClientId, repeat.ClientId);
        Assert.NotEmpty(first.ClientSecret);
        Assert.Empty(repeat.ClientSecret);
    }

    [Theory]
    [InlineData("", AgencyKind.Medical, "name")]
    [InlineData("Clinic", AgencyKind.Unspecified, "kind")]
    [InlineData("Clinic", (AgencyKind)42, "kind")]
    public async Task Invalid_registrations_name_the_field_and_write_nothing(string name, AgencyKind kind, string field)
    {
        var admin = await _hub.AdminAsync();
        var before = await CountAsync("agency");

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest { Name = name, Kind = kind }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_FIELD", failure.GetErrorInfo()!.Reason);
        Assert.Equal(field, failure.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal(before, await CountAsync("agency"));
    }

    [Fact]
    public async Task Every_agency_can_page_through_the_directory()
    {
        var reader = await _hub.RegisterAgencyAsync("Directory Reader", AgencyKind.School);
        for (var i = 0; i < 3; i++)
        {
            await _hub.RegisterAgencyAsync($"Listed Office {i}");
        }

        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await reader.Channel.Agencies().ListAgenciesAsync(new ListAgenciesRequest { PageSize = 2, PageToken = token });
            Assert.True(page.Agencies.Count <= 2);
            seen.AddRange(page.Agencies.Select(agency => agency.AgencyId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(await CountAsync("agency"), seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Theory]
    [InlineData(-1, "", "page_size")]
    [InlineData(10, "***", "page_token")]
    public async Task Bad_paging_is_invalid_field(int pageSize, string pageToken, string field)
    {
        var reader = await _hub.RegisterAgencyAsync("Bad Pager");

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            reader.Channel.Agencies().ListAgenciesAsync(new ListAgenciesRequest { PageSize = pageSize, PageToken = pageToken }).ResponseAsync);

        Assert.Equal(field, failure.GetErrorInfo()!.Metadata["field"]);
    }

    [Theory]
    [InlineData("ag_aaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("not-an-id")]
    public async Task An_unknown_agency_is_not_found(string agencyId)
    {
        var reader = await _hub.RegisterAgencyAsync("Curious Office");

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            reader.Channel.Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = agencyId }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
    }

    [Fact]
    public async Task Rotating_a_secret_retires_the_old_one()
    {
        var agency = await _hub.RegisterAgencyAsync("Rotating Office");
        var admin = await _hub.AdminAsync();

        var rotated = await admin.Agencies().RotateClientSecretAsync(new RotateClientSecretRequest { AgencyId = agency.AgencyId });

        Assert.Equal(agency.ClientId, rotated.ClientId);
        Assert.False(string.IsNullOrEmpty(await _hub.TokenAsync(agency.ClientId, rotated.ClientSecret)));
        await Assert.ThrowsAnyAsync<Exception>(() => _hub.TokenAsync(agency.ClientId, agency.ClientSecret));
    }

    [Fact]
    public async Task Disabling_needs_a_reason_and_shows_in_the_directory()
    {
        var agency = await _hub.RegisterAgencyAsync("Closing Office");
        var admin = await _hub.AdminAsync();

        var noReason = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Agencies().DisableClientAsync(new DisableClientRequest { AgencyId = agency.AgencyId }).ResponseAsync);
        var disabled = await admin.Agencies().DisableClientAsync(new DisableClientRequest { AgencyId = agency.AgencyId, Reason = "merged" });

        Assert.Equal("reason", noReason.GetErrorInfo()!.Metadata["field"]);
        Assert.True(disabled.Agency.Disabled);
    }

    private Task<long> CountAsync(string table) => _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM {table}");
}
