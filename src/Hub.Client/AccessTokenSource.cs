using Grpc.Core;

namespace Hub.Client;

/// <summary>
/// A client's access token, fetched when first needed, cached, and renewed before it expires — once
/// less than a fifth of its life or 30 seconds (whichever is more) remain; calls that need a token at
/// the same time share one request. <see cref="ToCallCredentials"/> attaches it to every gRPC call as
/// <c>authorization: Bearer &lt;token&gt;</c>.
/// </summary>
public sealed class AccessTokenSource
{
    private static readonly TimeSpan MinimumRenewalMargin = TimeSpan.FromSeconds(30);

    private readonly TokenClient _tokenClient;
    private readonly string? _scope;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private AccessToken? _current;
    private Task<AccessToken>? _renewal;

    /// <param name="tokenClient">Fetches the tokens.</param>
    /// <param name="scope">Space-separated scopes to ask for; null for all the client may have.</param>
    /// <param name="timeProvider">The clock renewal is timed by; the system clock by default.</param>
    public AccessTokenSource(TokenClient tokenClient, string? scope = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(tokenClient);
        _tokenClient = tokenClient;
        _scope = scope;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Call credentials carrying this source's token. On a plaintext (h2c) channel Grpc.Net.Client
    /// sends them only with <see cref="Grpc.Net.Client.GrpcChannelOptions.UnsafeUseInsecureChannelCallCredentials"/>;
    /// <see cref="HubChannel"/> sets it.
    /// </summary>
    public CallCredentials ToCallCredentials() => CallCredentials.FromInterceptor(AddTokenAsync);

    /// <summary>Adds the authorization header of one call.</summary>
    public async Task AddTokenAsync(AuthInterceptorContext context, Metadata metadata)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(metadata);
        AccessToken token;
        try
        {
            token = await GetTokenAsync(context.CancellationToken);
        }
        catch (Exception exception) when (exception is TokenRequestException or HttpRequestException)
        {
            // The call can't be authenticated; the caller sees why, as the call's status.
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"No access token for the call: {exception.Message}", exception));
        }

        metadata.Add("authorization", "Bearer " + token.Value);
    }

    /// <summary>The cached token while it is fresh; otherwise a renewed one.</summary>
    public async ValueTask<AccessToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        AccessToken? current;
        Task<AccessToken> renewal;
        lock (_lock)
        {
            current = _current;
            if (current is not null && _time.GetUtcNow() < RenewAt(current))
            {
                return current;
            }

            // A finished renewal has failed, or its token has aged into its own renewal window: start another.
            if (_renewal is null || _renewal.IsCompleted)
            {
                _renewal = RenewAsync();
            }

            renewal = _renewal;
        }

        try
        {
            // One caller giving up must not cancel the request the others wait on.
            return await renewal.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && current is not null && _time.GetUtcNow() < current.ExpiresAt)
        {
            // Renewal starts early precisely so that a token service hiccup is survivable: the old token still works.
            return current;
        }
    }

    private async Task<AccessToken> RenewAsync()
    {
        // Return to GetTokenAsync at once: it holds the lock, and must store this task before it can complete.
        await Task.Yield();
        var token = await _tokenClient.RequestTokenAsync(_scope, CancellationToken.None);
        lock (_lock)
        {
            _current = token;
        }

        return token;
    }

    /// <summary>
    /// When to stop using a token: the larger of a fifth of its life and 30 s before it expires, but
    /// never more than half its life, so even a very short-lived token is used for a while.
    /// </summary>
    private static DateTimeOffset RenewAt(AccessToken token)
    {
        var margin = TimeSpan.FromTicks(Math.Max(token.Lifetime.Ticks / 5, MinimumRenewalMargin.Ticks));
        return token.ExpiresAt - TimeSpan.FromTicks(Math.Min(margin.Ticks, token.Lifetime.Ticks / 2));
    }
}
