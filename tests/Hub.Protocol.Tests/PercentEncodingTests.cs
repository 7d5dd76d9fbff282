using Hub.Protocol.Internal;

namespace Hub.Protocol.Tests;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain message", "plain message")]
    [InlineData("100%", "100%25")]
    [InlineData("a\tb", "a%09b")]
    [InlineData("☺", "%E2%98%BA")]
    public void Encodes_what_is_not_printable_ascii_and_percent(string value, string expected) =>
        Assert.Equal(expected, PercentEncoding.Encode(value));

    [Theory]
    [InlineData("\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n")]
    [InlineData("%%%")]
    [InlineData("")]
    [InlineData("日本語のメッセージ")]
    public void Round_trips(string value) =>
        Assert.Equal(value, PercentEncoding.Decode(PercentEncoding.Encode(value)));

    [Theory]
    [InlineData("%", "%")]
    [InlineData("%4", "%4")]
    [InlineData("%zz", "%zz")]
    [InlineData("50%-off", "50%-off")]
    public void Leaves_malformed_escapes_as_they_are(string value, string expected) =>
        Assert.Equal(expected, PercentEncoding.Decode(value));
}
