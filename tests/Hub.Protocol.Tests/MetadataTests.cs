namespace Hub.Protocol.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Keys_are_lowercased_and_the_last_value_wins()
    {
        var metadata = new Metadata().Add("X-Agency", "a").Add("x-agency", "b");

        Assert.Equal("b", metadata.GetValue("x-agency"));
        Assert.Equal(2, metadata.Count);
        Assert.Equal("x-agency", metadata[0].Key);
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("bad key")]
    [InlineData("ünïcode")]
    [InlineData("")]
    public void Refuses_reserved_or_malformed_keys(string key) =>
        Assert.ThrowsAny<ArgumentException>(() => new Metadata().Add(key, "value"));

    [Fact]
    public void Binary_values_need_a_bin_key_and_text_values_must_not_have_one()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-trace", [1, 2]));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-trace-bin", "text"));
        Assert.Equal([1, 2], new Metadata().Add("x-trace-bin", [1, 2]).GetValueBytes("x-trace-bin"));
    }

    [Fact]
    public void Text_values_must_be_printable_ascii() =>
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-note", "line\nbreak"));
}
