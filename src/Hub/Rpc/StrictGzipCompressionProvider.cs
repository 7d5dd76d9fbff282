using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Hub.Rpc;

/// <summary>
/// gzip as grpc-dotnet's own provider does it, except that a request message that is not valid gzip
/// ends its call INTERNAL, as the gRPC protocol has it, instead of UNKNOWN with an error logged as
/// the handler's fault.
/// </summary>
internal sealed class StrictGzipCompressionProvider(CompressionLevel defaultLevel) : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? defaultLevel, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) => new CheckedStream(new GZipStream(stream, CompressionMode.Decompress));

    /// <summary>Reads through to the decompressor, turning its complaint about the data into the call's status.</summary>
    private sealed class CheckedStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (InvalidDataException exception)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The request message is not valid gzip.", exception));
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
