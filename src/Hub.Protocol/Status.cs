namespace Hub.Protocol;

/// <summary>
/// The outcome of a call: a code, a human-readable detail, and optionally the rich
/// <c>google.rpc.Status</c> that travels in <c>grpc-status-details-bin</c>.
/// </summary>
public readonly record struct Status(StatusCode Code, string Detail, Google.Rpc.Status? RichStatus = null)
{
    public static Status Ok { get; } = new(StatusCode.OK, string.Empty);

    /// <summary>The first <c>google.rpc.ErrorInfo</c> among the rich details, if any.</summary>
    public Google.Rpc.ErrorInfo? ErrorInfo
    {
        get
        {
            if (RichStatus is null)
            {
                return null;
            }

            foreach (var detail in RichStatus.Details)
            {
                if (detail.TryUnpack<Google.Rpc.ErrorInfo>(out var info))
                {
                    return info;
                }
            }

            return null;
        }
    }

    public override string ToString() => $"Status(StatusCode=\"{Code}\", Detail=\"{Detail}\")";
}
