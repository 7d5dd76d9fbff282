namespace Hub.Storage;

/// <summary>What the storage layer logs (the embedded cluster, migrations, the database's health): ids 100–199.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Initialising the embedded PostgreSQL cluster in {ClusterDirectory} with {InitDb}")]
    public static partial void InitialisingEmbeddedCluster(this ILogger logger, string clusterDirectory, string initDb);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Starting the embedded PostgreSQL cluster in {ClusterDirectory}; its log is {LogFile}")]
    public static partial void StartingEmbeddedCluster(this ILogger logger, string clusterDirectory, string logFile);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "The embedded PostgreSQL cluster in {ClusterDirectory} is already running; using it")]
    public static partial void ReusingRunningEmbeddedCluster(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Embedded PostgreSQL is accepting connections on the unix socket in {SocketDirectory}")]
    public static partial void EmbeddedClusterStarted(this ILogger logger, string socketDirectory);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Stopping the embedded PostgreSQL cluster in {ClusterDirectory}")]
    public static partial void StoppingEmbeddedCluster(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Created database {Database}")]
    public static partial void CreatedDatabase(this ILogger logger, string database);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Running PostgreSQL programs as the '{User}' system user because PostgreSQL refuses to run as root")]
    public static partial void RunningPostgresAsUser(this ILogger logger, string user);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Ending process {ProcessId}, left running in {ClusterDirectory} by a PostgreSQL server that was killed, so the cluster can start")]
    public static partial void EndingOrphanedServerProcess(this ILogger logger, int processId, string clusterDirectory);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "A PostgreSQL server (process {ProcessId}) in {ClusterDirectory} is starting up or shutting down; waiting for it to settle")]
    public static partial void WaitingForSettlingServer(this ILogger logger, int processId, string clusterDirectory);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "The embedded PostgreSQL server in {ClusterDirectory} is not running; starting it again in {DelaySeconds} s")]
    public static partial void EmbeddedClusterDown(this ILogger logger, string clusterDirectory, double delaySeconds);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Started the embedded PostgreSQL server in {ClusterDirectory} again")]
    public static partial void EmbeddedClusterRestarted(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "Could not start the embedded PostgreSQL server in {ClusterDirectory} again ({Problem}); trying again in {DelaySeconds} s")]
    public static partial void EmbeddedClusterRestartFailed(this ILogger logger, string clusterDirectory, string problem, double delaySeconds);

    [LoggerMessage(EventId = 116, Level = LogLevel.Warning, Message = "The database is not reachable yet ({Problem}); trying again in {DelaySeconds} s")]
    public static partial void DatabaseNotYetReachable(this ILogger logger, string problem, double delaySeconds);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Applying database migration {Version} ({Description})")]
    public static partial void ApplyingMigration(this ILogger logger, int version, string description);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Database schema is at version {Version}; {Applied} migration(s) applied by this node")]
    public static partial void DatabaseSchemaCurrent(this ILogger logger, int version, int applied);

    // One line each way, with what went wrong but no stack trace: an outage is not the hub's bug.
    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "The database is unreachable ({Problem}); reporting NOT_SERVING and answering calls UNAVAILABLE")]
    public static partial void DatabaseUnreachable(this ILogger logger, string problem);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "The database is reachable; reporting SERVING")]
    public static partial void DatabaseReachable(this ILogger logger);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "The database is reachable again; reporting SERVING")]
    public static partial void DatabaseReachableAgain(this ILogger logger);
}
