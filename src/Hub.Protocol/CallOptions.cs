namespace Hub.Protocol;

/// <summary>Per-call options: request metadata, deadline (UTC), cancellation, and request compression.</summary>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    bool CompressRequest = false);
