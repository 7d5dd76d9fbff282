using Microsoft.AspNetCore.Http;

namespace Hub.Protocol.Internal;

/// <summary>
/// Moves custom metadata to and from HTTP/2 header fields: protocol headers are not metadata, and
/// <c>-bin</c> values are base64 (sent unpadded, accepted padded or not).
/// </summary>
internal static class MetadataHeaders
{
    public static bool IsProtocolHeader(string name) =>
        name.Length == 0
        || name[0] == ':'
        || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals(GrpcProtocolConstants.TeHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase);

    public static Metadata FromHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            if (IsProtocolHeader(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                AddEntry(metadata, name, value ?? string.Empty);
            }
        }

        return metadata;
    }

    public static void AddEntry(Metadata metadata, string name, string value)
    {
        if (Metadata.IsBinaryKey(name))
        {
            metadata.Add(name, DecodeBinary(name, value));
        }
        else
        {
            metadata.Add(name, value);
        }
    }

    public static string EncodeValue(Metadata.Entry entry) =>
        entry.ValueBytes is { } bytes ? Convert.ToBase64String(bytes).TrimEnd('=') : entry.Value!;

    public static void WriteTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, EncodeValue(entry));
        }
    }

    public static byte[] DecodeBinary(string name, string value)
    {
        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Metadata '{name}' is not valid base64."));
        }
    }
}
