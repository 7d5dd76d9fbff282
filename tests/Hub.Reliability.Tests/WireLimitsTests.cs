using System.Net;
using Google.Protobuf;
using Hub.Reliability.Tests.Infrastructure;
using Hub.Testing;
using Hub.V1;

namespace Hub.Reliability.Tests;

/// <summary>The edges of the wire protocol as the hub process meets them: deadlines and stalled bodies.</summary>
public sealed class WireLimitsTests(WireLimitsTests.Hub hub) : IClassFixture<WireLimitsTests.Hub>
{
    /// <summary>Short, so a stalled request is given up on well within the test.</summary>
    private const int RequestMessageTimeoutSeconds = 2;

    private HubSession Session => hub.Session;

    private PartnerAgency Agency => hub.Agency;

    public static TheoryData<string> LegalTimeouts()
    {
        var timeouts = new TheoryData<string>();
        foreach (var unit in "HMSmun")
        {
            timeouts.Add($"99999999{unit}");
            timeouts.Add($"1{unit}");
            timeouts.Add($"00000020{unit}");
        }

        return timeouts;
    }

    [Theory]
    [MemberData(nameof(LegalTimeouts))]
    public async Task Every_legal_grpc_timeout_is_honoured(string timeout)
    {
        var response = await EchoAsync(new KeyValuePair<string, string>("grpc-timeout", timeout));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        // A timeout below a second may pass before a loaded machine answers; a longer one is met.
        var tiny = timeout[^1] is 'm' or 'u' or 'n';
        Assert.True(response.Status == GrpcCode.Ok || (tiny && response.Status == GrpcCode.DeadlineExceeded), $"grpc-timeout {timeout}: {response}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("123456789S")]
    [InlineData("1x")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("+5S")]
    [InlineData("9223372036854775807n")]
    public async Task An_illegal_grpc_timeout_gets_a_grpc_status_never_an_http_error(string timeout)
    {
        var response = await EchoAsync(new KeyValuePair<string, string>("grpc-timeout", timeout));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.NotNull(response.Status);
        Assert.NotEqual(GrpcCode.Unknown, response.Status);
        await Session.Hub.WaitUntilServingAsync();
    }

    [Fact]
    public async Task A_stalled_request_fails_that_call_alone_and_calls_on_the_same_connection_carry_on()
    {
        // One connection: the stalled call and the healthy ones are streams of it.
        using var wire = new WireClient(Session.Hub.GrpcAddress);
        var release = new TaskCompletionSource();
        var frameHeaderOnly = WireClient.Frame(new EchoRequest { Payload = ByteString.CopyFromUtf8("never finished") }.ToByteArray())[..5];
        var stalled = wire.SendAsync("/hub.v1.EchoService/Echo", new HeldOpenContent(frameHeaderOnly, release.Task), WireClient.Bearer(Agency.Token));

        // Well past the stalled call's timeout and Kestrel's 5 s grace for slow bodies.
        var until = DateTime.UtcNow.AddSeconds(RequestMessageTimeoutSeconds + 7);
        var healthy = 0;
        while (DateTime.UtcNow < until)
        {
            var echo = await wire.CallAsync<EchoResponse>("/hub.v1.EchoService/Echo", new EchoRequest { Payload = ByteString.CopyFromUtf8("alive") }, Agency.Token);
            Assert.Equal("alive", echo.Payload.ToStringUtf8());
            healthy++;
            await Task.Delay(200);
        }

        var stalledAnswer = await stalled;
        release.SetResult();
        Assert.True(healthy > 20);
        Assert.Equal(HttpStatusCode.OK, stalledAnswer.HttpStatus);
        Assert.Equal(GrpcCode.DeadlineExceeded, stalledAnswer.Status);
        Assert.Equal("REQUEST_MESSAGE_TIMEOUT", stalledAnswer.ErrorInfo?.Reason);
    }

    private Task<WireResponse> EchoAsync(params KeyValuePair<string, string>[] headers) =>
        Session.Wire.SendAsync(
            "/hub.v1.EchoService/Echo",
            WireClient.Frame(new EchoRequest { Payload = ByteString.CopyFromUtf8("deadline") }),
            [.. WireClient.Bearer(Agency.Token), .. headers]);

    /// <summary>One hub for the class, whose request message timeout is short.</summary>
    public sealed class Hub : IAsyncLifetime
    {
        public HubSession Session { get; private set; } = null!;

        public PartnerAgency Agency { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Session = await HubSession.StartAsync(new Dictionary<string, string>
            {
                ["Hub__Grpc__RequestMessageTimeoutSeconds"] = RequestMessageTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            Agency = await Session.RegisterAgencyAsync("Wire Welfare Office", AgencyKind.Welfare);
        }

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }
}
