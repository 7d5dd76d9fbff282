namespace Hub.Hosting;

/// <summary>Where the hub keeps its local state (the embedded database, the generated admin secret).</summary>
internal static class HubDataDirectory
{
    public static string From(IConfiguration configuration) =>
        Path.GetFullPath(HubSettings.Get(configuration, "Hub:DataDir", "HUB_DATA_DIR") ?? ".hub");
}
