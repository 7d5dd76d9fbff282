namespace Hub.Tests.Client;

/// <summary>
/// The HTTP handler token requests go through in a test: counts them, can hold them until released
/// (so concurrent callers pile up), and can be told to fail them as an unreachable token service would.
/// </summary>
internal sealed class TokenRequests : DelegatingHandler
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public TokenRequests(bool held = false)
        : base(new SocketsHttpHandler())
    {
        if (!held)
        {
            _released.SetResult();
        }
    }

    public int Count => Volatile.Read(ref _count);

    public bool Failing { get; set; }

    public void Release() => _released.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        await _released.Task.WaitAsync(cancellationToken);
        return Failing
            ? throw new HttpRequestException("The token service is unreachable (simulated).")
            : await base.SendAsync(request, cancellationToken);
    }
}
