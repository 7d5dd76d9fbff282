namespace Hub.Client;

/// <summary>
/// An access token from the token service. Times are by this client's clock: <see cref="IssuedAt"/>
/// is when the request was sent, so <see cref="ExpiresAt"/> errs early rather than late.
/// </summary>
public sealed record AccessToken(string Value, string TokenType, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes)
{
    public TimeSpan Lifetime => ExpiresAt - IssuedAt;

    /// <summary>Everything but the token itself, so logging a token never leaks it.</summary>
    public override string ToString() =>
        $"{TokenType} token for '{string.Join(' ', Scopes)}', expires {ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
}
