namespace Hub.Protocol;

/// <summary>Adds per-call credentials, such as a bearer token, to the request metadata of every call on a channel.</summary>
public abstract class CallCredentials
{
    public abstract ValueTask AddMetadataAsync(Metadata metadata, CancellationToken cancellationToken);
}
