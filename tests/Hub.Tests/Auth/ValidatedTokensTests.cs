using Hub.Auth;
using Hub.Tests.Client;

namespace Hub.Tests.Auth;

public sealed class ValidatedTokensTests
{
    private static readonly CallerIdentity Caller = new("client-1", null, new HashSet<string> { "hub.cases" }, "https://hub.example", new System.Security.Claims.ClaimsPrincipal());

    private readonly ManualClock _clock = new();

    [Fact]
    public void A_validated_token_is_known_until_it_expires_and_not_after()
    {
        var tokens = new ValidatedTokens(_clock);
        tokens.Add("token-a", Caller, _clock.GetUtcNow().AddMinutes(5));

        Assert.True(tokens.TryGet("token-a", out var known));
        Assert.Same(Caller, known);
        Assert.False(tokens.TryGet("token-b", out _));

        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.False(tokens.TryGet("token-a", out _));
    }

    [Fact]
    public void A_flood_of_distinct_tokens_never_grows_past_the_capacity()
    {
        var tokens = new ValidatedTokens(_clock);

        for (var i = 0; i < ValidatedTokens.Capacity * 2 + 7; i++)
        {
            tokens.Add($"token-{i}", Caller, _clock.GetUtcNow().AddMinutes(5));
        }

        Assert.InRange(tokens.Count, 1, ValidatedTokens.Capacity);
        Assert.True(tokens.TryGet($"token-{ValidatedTokens.Capacity * 2 + 6}", out _));
    }
}
