using System.CommandLine;
using Hub.Client;

namespace Hub.Cli;

/// <summary>Who hubctl calls as: an agency's client id and secret, or the operator's hub-admin secret file.</summary>
internal static class CredentialOptions
{
    public const string AdminClientId = "hub-admin";
    public const string DefaultTokenUrl = "http://127.0.0.1:5101/connect/token";

    // These two fall back to the environment in Resolve, not through a default value, which --help would print.
    private static readonly Option<string?> ClientId = new("--client-id")
    {
        Description = "The OAuth client id to call as; HUB_CLIENT_ID sets the default",
        Recursive = true,
    };

    private static readonly Option<string?> ClientSecret = new("--client-secret")
    {
        Description = "The client's secret; HUB_CLIENT_SECRET sets the default and keeps it out of the process list",
        Recursive = true,
    };

    private static readonly Option<string> TokenUrl = new("--token-url")
    {
        Description = "The token endpoint; HUB_TOKEN_URL sets the default",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_TOKEN_URL") ?? DefaultTokenUrl,
    };

    private static readonly Option<FileInfo> AdminSecretFile = new Option<FileInfo>("--admin-secret-file")
    {
        Description = "Call as the operator (hub-admin) with the secret in this file, e.g. <HUB_DATA_DIR>/hub-admin.secret; "
            + "takes precedence over --client-id and --client-secret",
        Recursive = true,
    }.AcceptExistingOnly();

    /// <summary>A page on the hub's HTTP port, the one the token endpoint is on (e.g. the person's sign-in page).</summary>
    public static Uri HttpPortUrl(ParseResult parse, string path) => new(new Uri(parse.GetRequiredValue(TokenUrl)), path);

    public static void AddTo(RootCommand root)
    {
        root.Add(ClientId);
        root.Add(ClientSecret);
        root.Add(TokenUrl);
        root.Add(AdminSecretFile);
    }

    /// <summary>The credentials given, or null when hubctl calls without a token (as health does).</summary>
    public static HubClientCredentials? Resolve(ParseResult parse)
    {
        if (parse.GetValue(AdminSecretFile) is { } file)
        {
            var secret = File.ReadAllText(file.FullName).Trim();
            return secret.Length > 0
                ? HubClientCredentials.FromSecret(AdminClientId, secret)
                : throw new UsageException($"The admin secret file {file.FullName} is empty.");
        }

        var clientId = parse.GetValue(ClientId) ?? Environment.GetEnvironmentVariable("HUB_CLIENT_ID");
        var clientSecret = parse.GetValue(ClientSecret) ?? Environment.GetEnvironmentVariable("HUB_CLIENT_SECRET");
        if (string.IsNullOrEmpty(clientId) != string.IsNullOrEmpty(clientSecret))
        {
            throw new UsageException("--client-id and --client-secret (or HUB_CLIENT_ID and HUB_CLIENT_SECRET) go together.");
        }

        return string.IsNullOrEmpty(clientId) ? null : HubClientCredentials.FromSecret(clientId, clientSecret!);
    }

    public static Uri TokenEndpoint(ParseResult parse) =>
        Uri.TryCreate(parse.GetRequiredValue(TokenUrl), UriKind.Absolute, out var url)
            ? url
            : throw new UsageException($"The token URL must be absolute, e.g. {DefaultTokenUrl}.");
}
