using Grpc.Core;
using Grpc.Net.Client;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Client;

[Collection(PostgresCollection.Name)]
public sealed class AccessTokenSourceTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private readonly List<IDisposable> _disposables = [];
    private HubServer _hub = null!;
    private TestAgency _agency = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(postgres);
        _agency = await _hub.RegisterAgencyAsync("Shinjuku Employment Support Centre", AgencyKind.Employment);
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Calls_share_the_cached_token()
    {
        var (credentials, requests) = Credentials();
        var channel = Channel(credentials);

        await ListAgenciesAsync(channel);
        await ListAgenciesAsync(channel);

        Assert.Equal(1, requests.Count);
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires()
    {
        var (credentials, requests) = Credentials();
        var channel = Channel(credentials);
        await ListAgenciesAsync(channel);

        // A 300 s token is renewed once less than 60 s (a fifth of its life, more than 30 s) remain.
        _clock.Advance(TimeSpan.FromSeconds(239));
        await ListAgenciesAsync(channel);
        Assert.Equal(1, requests.Count);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await ListAgenciesAsync(channel);
        Assert.Equal(2, requests.Count);

        await ListAgenciesAsync(channel);
        Assert.Equal(2, requests.Count);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        var (credentials, requests) = Credentials(held: true);

        var waiting = Enumerable.Range(0, 20).Select(_ => credentials.GetTokenAsync().AsTask()).ToArray();
        await Poll.UntilAsync(() => requests.Count > 0, "the token request is sent");
        Assert.All(waiting, task => Assert.False(task.IsCompleted));
        requests.Release();
        var tokens = await Task.WhenAll(waiting);

        Assert.Equal(1, requests.Count);
        Assert.Single(tokens.Select(token => token.Value).Distinct());
    }

    [Fact]
    public async Task Concurrent_calls_on_a_channel_share_one_token_request()
    {
        var (credentials, requests) = Credentials();
        var channel = Channel(credentials);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => ListAgenciesAsync(channel))));

        Assert.Equal(1, requests.Count);
    }

    [Fact]
    public async Task A_failed_renewal_keeps_the_token_until_it_expires()
    {
        var (credentials, requests) = Credentials();
        var channel = Channel(credentials);
        await ListAgenciesAsync(channel);
        requests.Failing = true;

        _clock.Advance(TimeSpan.FromSeconds(250));
        await ListAgenciesAsync(channel);
        Assert.Equal(2, requests.Count);

        _clock.Advance(TimeSpan.FromSeconds(60));
        var refused = await Assert.ThrowsAsync<RpcException>(() => ListAgenciesAsync(channel));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("unreachable", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_from_HubChannel_calls_as_the_agency_over_plaintext_h2c()
    {
        // http:// is HTTP/2 without TLS, where Grpc.Net.Client drops call credentials unless told
        // otherwise: the call succeeding as the agency shows the token travelled.
        Assert.Equal(Uri.UriSchemeHttp, _hub.GrpcAddress.Scheme);
        using var channel = HubChannel.Create(
            _hub.GrpcAddress, HubClientCredentials.FromSecret(_agency.ClientId, _agency.ClientSecret), _hub.TokenEndpoint);

        var registered = await channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1999-07-14", LocalReference = "SESC-0142" });

        Assert.Equal(_agency.AgencyId, Assert.Single(registered.Person.Links).AgencyId);
    }

    [Fact]
    public async Task A_refused_token_request_fails_the_call_as_unauthenticated_with_the_OAuth_error()
    {
        using var channel = HubChannel.Create(_hub.GrpcAddress, HubClientCredentials.FromSecret(_agency.ClientId, "not-the-secret"), _hub.TokenEndpoint);

        var refused = await Assert.ThrowsAsync<RpcException>(() => ListAgenciesAsync(channel));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("invalid_client", refused.Status.Detail, StringComparison.Ordinal);
    }

    private (AccessTokenSource Credentials, TokenRequests Requests) Credentials(bool held = false)
    {
        var requests = new TokenRequests(held);
        var http = new HttpClient(requests);
        _disposables.Add(http);
        var tokens = new TokenClient(http, _hub.TokenEndpoint, HubClientCredentials.FromSecret(_agency.ClientId, _agency.ClientSecret), _clock);
        return (new AccessTokenSource(tokens, timeProvider: _clock), requests);
    }

    private GrpcChannel Channel(AccessTokenSource credentials)
    {
        var channel = HubChannel.Create(_hub.GrpcAddress, credentials);
        _disposables.Add(channel);
        return channel;
    }

    private static async Task ListAgenciesAsync(GrpcChannel channel) =>
        await channel.Agencies().ListAgenciesAsync(new ListAgenciesRequest());
}
