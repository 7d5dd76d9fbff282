using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hub.Protocol.Internal;

namespace Hub.Protocol.Tests;

public sealed class MessageReaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4000)]
    [InlineData(100_000)]
    public async Task Reads_what_the_framing_wrote_even_one_byte_at_a_time(int size)
    {
        var message = new BytesValue { Value = ByteString.CopyFrom(Enumerable.Range(0, size).Select(i => (byte)i).ToArray()) };
        var frames = Frame(message, compression: null);

        var read = await ReadAllAsync<BytesValue>(frames, chunkSize: 1, maxSize: null);

        Assert.Equal([message], read);
    }

    [Fact]
    public async Task Reads_several_messages_and_compressed_ones()
    {
        var first = new StringValue { Value = "first" };
        var second = new StringValue { Value = new string('x', 10_000) };
        var frames = Frame(first, null).Concat(Frame(second, CompressionLevel.Fastest)).ToArray();

        var read = await ReadAllAsync<StringValue>(frames, chunkSize: 7, maxSize: null, gzip: true);

        Assert.Equal([first, second], read);
    }

    [Fact]
    public void Compressed_frames_are_smaller_for_repetitive_messages()
    {
        var message = new StringValue { Value = new string('x', 10_000) };

        Assert.True(Frame(message, CompressionLevel.Fastest).Length < Frame(message, null).Length / 10);
        Assert.Equal(1, Frame(message, CompressionLevel.Fastest)[0]);
    }

    [Fact]
    public async Task Oversized_message_is_refused_from_its_header()
    {
        var frames = Frame(new StringValue { Value = new string('x', 2000) }, null)[..5];

        var failure = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync<StringValue>(frames, chunkSize: 5, maxSize: 1024, complete: false));

        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
    }

    [Fact]
    public async Task Decompressed_size_counts_against_the_limit()
    {
        var frames = Frame(new StringValue { Value = new string('x', 100_000) }, CompressionLevel.Optimal);

        var failure = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync<StringValue>(frames, chunkSize: 4096, maxSize: 50_000, gzip: true));

        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
    }

    [Fact]
    public async Task Single_request_already_received_is_read_without_waiting()
    {
        var message = new StringValue { Value = "whole" };
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Frame(message, null));
        await pipe.Writer.CompleteAsync();

        var reading = new MessageReader<StringValue>(pipe.Reader, StringValue.Parser, null, false).ReadSingleAsync(CancellationToken.None);

        Assert.True(reading.IsCompletedSuccessfully);
        Assert.Equal(message, await reading);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task Single_request_arriving_in_pieces_is_read_once_the_stream_ends(int chunkSize)
    {
        var message = new StringValue { Value = new string('y', 300) };
        var frames = Frame(message, null);
        var pipe = new Pipe();
        var reader = new MessageReader<StringValue>(pipe.Reader, StringValue.Parser, null, false);

        var reading = reader.ReadSingleAsync(CancellationToken.None).AsTask();
        for (var offset = 0; offset < frames.Length; offset += chunkSize)
        {
            await pipe.Writer.WriteAsync(frames.AsMemory(offset, Math.Min(chunkSize, frames.Length - offset)));
        }

        Assert.False(reading.IsCompleted);
        await pipe.Writer.CompleteAsync();
        Assert.Equal(message, await reading);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Single_request_refuses_a_second_message_whether_or_not_it_waited(bool wait)
    {
        var frames = Frame(new StringValue { Value = "one" }, null).Concat(Frame(new StringValue { Value = "two" }, null)).ToArray();
        var pipe = new Pipe();
        var reader = new MessageReader<StringValue>(pipe.Reader, StringValue.Parser, null, false);
        if (!wait)
        {
            await pipe.Writer.WriteAsync(frames);
            await pipe.Writer.CompleteAsync();
        }

        var reading = Assert.ThrowsAsync<RpcException>(async () => await reader.ReadSingleAsync(CancellationToken.None));
        if (wait)
        {
            await pipe.Writer.WriteAsync(frames);
            await pipe.Writer.CompleteAsync();
        }

        Assert.Equal(StatusCode.Internal, (await reading).StatusCode);
    }

    [Fact]
    public void Send_limit_is_enforced() =>
        Assert.Equal(
            StatusCode.ResourceExhausted,
            Assert.Throws<RpcException>(() => MessageFraming.WriteMessage(new System.Buffers.ArrayBufferWriter<byte>(), new StringValue { Value = "too long" }, null, 4)).StatusCode);

    private static byte[] Frame(IMessage message, CompressionLevel? compression)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        MessageFraming.WriteMessage(writer, message, compression, maxSendSize: null);
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public async Task Any_exception_the_parser_throws_is_internal_not_unknown()
    {
        byte[] frame = [0, 0, 0, 0, 3, 0x12, 0xFF, 0x07];

        var failure = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync<ExplodingMessage>(frame, chunkSize: 8, maxSize: null));

        Assert.Equal(StatusCode.Internal, failure.StatusCode);
    }

    private static async Task<List<T>> ReadAllAsync<T>(byte[] frames, int chunkSize, int? maxSize, bool gzip = false, bool complete = true)
        where T : IMessage<T>, new()
    {
        var pipe = new Pipe();
        // The writer runs beside the reader: a pipe pauses writers once 64 KiB sit unread.
        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < frames.Length; offset += chunkSize)
            {
                await pipe.Writer.WriteAsync(frames.AsMemory(offset, Math.Min(chunkSize, frames.Length - offset)));
            }

            if (complete)
            {
                await pipe.Writer.CompleteAsync();
            }
        });

        var reader = new MessageReader<T>(pipe.Reader, new MessageParser<T>(() => new T()), maxSize, gzip);
        var messages = new List<T>();
        while (await reader.ReadAsync(CancellationToken.None) is { } message)
        {
            messages.Add(message);
        }

        await writing;
        return messages;
    }

    /// <summary>A message whose parsing fails as Google.Protobuf 3.25 did on some length prefixes near 2^31: not with its own exception.</summary>
    private sealed class ExplodingMessage : IMessage<ExplodingMessage>
    {
        public Google.Protobuf.Reflection.MessageDescriptor Descriptor => throw new NotSupportedException();

        public int CalculateSize() => 0;

        public ExplodingMessage Clone() => new();

        public bool Equals(ExplodingMessage? other) => other is not null;

        public override bool Equals(object? obj) => obj is ExplodingMessage;

        public override int GetHashCode() => 0;

        public void MergeFrom(ExplodingMessage message)
        {
        }

        public void MergeFrom(CodedInputStream input) => throw new IndexOutOfRangeException("Index was outside the bounds of the array.");

        public void WriteTo(CodedOutputStream output)
        {
        }
    }
}
