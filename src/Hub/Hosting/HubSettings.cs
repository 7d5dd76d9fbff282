namespace Hub.Hosting;

/// <summary>
/// The one rule for the settings that have a short alias for shells and containers (HUB_DATA_DIR,
/// HUB_GRPC_PORT, HUB_HTTP_PORT): both are read through configuration, and the <c>Hub:</c> key —
/// from appsettings, the command line or <c>Hub__…</c> environment variables — wins over the alias.
/// </summary>
internal static class HubSettings
{
    public static string? Get(IConfiguration configuration, string key, string alias) => configuration[key] ?? configuration[alias];
}
