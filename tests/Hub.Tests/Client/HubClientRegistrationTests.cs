using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Client;

/// <summary>A partner's ASP.NET Core app takes the hub's typed clients by injection, each call carrying the shared token.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HubClientRegistrationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private HubServer _hub = null!;
    private TestAgency _agency = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(postgres);
        _agency = await _hub.RegisterAgencyAsync("Setagaya Employment Support Centre", AgencyKind.Employment);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Injected_clients_call_the_hub_as_the_agency()
    {
        var services = new ServiceCollection();
        services.AddHubClient(options =>
        {
            options.Address = _hub.GrpcAddress;
            options.TokenEndpoint = _hub.TokenEndpoint;
            options.Credentials = HubClientCredentials.FromSecret(_agency.ClientId, _agency.ClientSecret);
        });
        await using var provider = services.BuildServiceProvider();

        var people = provider.GetRequiredService<PersonService.PersonServiceClient>();
        var registered = await people.RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1993-11-08" });
        var agencies = provider.GetRequiredService<AgencyService.AgencyServiceClient>();
        var agency = await agencies.GetAgencyAsync(new GetAgencyRequest { AgencyId = _agency.AgencyId });

        Assert.Equal(_agency.AgencyId, Assert.Single(registered.Person.Links).AgencyId);
        Assert.Equal("Setagaya Employment Support Centre", agency.Agency.Name);
        Assert.Same(provider.GetRequiredService<AccessTokenSource>(), provider.GetRequiredService<AccessTokenSource>());
    }
}
