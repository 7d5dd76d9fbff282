namespace Hub.Testing;

/// <summary>A request body that sends its first bytes and then stays open until released: a stalled client.</summary>
public sealed class HeldOpenContent(byte[] firstBytes, Task release) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync(firstBytes);
        await stream.FlushAsync();
        await release;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
