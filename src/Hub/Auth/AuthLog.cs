namespace Hub.Auth;

/// <summary>What authentication logs (tokens, refusals, issuers' keys, the admin client): ids 200–299.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Issued an access token to client {ClientId} with scopes '{Scopes}'")]
    public static partial void TokenIssued(this ILogger logger, string clientId, string scopes);

    // The description says what was wrong with the request, never the secret or assertion itself.
    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Refused a token request: {Error}: {Description}")]
    public static partial void TokenRefused(this ILogger logger, string error, string description);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Refused a call to {Method}: {Reason}")]
    public static partial void CallRefused(this ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Could not fetch the keys of issuer {Issuer} from {JwksUri}")]
    public static partial void JwksFetchFailed(this ILogger logger, string issuer, string jwksUri, Exception exception);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Generated the hub-admin client secret and wrote it to {Path}; read it from there (it is shown nowhere else)")]
    public static partial void AdminSecretGenerated(this ILogger logger, string path);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Set the hub-admin client secret from HUB_ADMIN_CLIENT_SECRET")]
    public static partial void AdminSecretFromEnvironment(this ILogger logger);
}
