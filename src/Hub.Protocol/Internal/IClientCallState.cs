namespace Hub.Protocol.Internal;

/// <summary>What the public call objects expose of a call, independent of its message types.</summary>
internal interface IClientCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
