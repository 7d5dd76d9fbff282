using Hub.Hosting;
using Npgsql;

namespace Hub.Auth;

/// <summary>
/// Makes sure the operator's <c>hub-admin</c> client exists. Its secret comes from
/// HUB_ADMIN_CLIENT_SECRET, or is generated on first start and written, readable by the owner
/// only, to hub-admin.secret in the data directory. It has the hub.admin scope and nothing else.
/// </summary>
internal sealed class AdminBootstrap(NpgsqlDataSource database, IConfiguration configuration, ILogger<AdminBootstrap> logger) : IHostedService
{
    public const string SecretFileName = "hub-admin.secret";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = configuration["HUB_ADMIN_CLIENT_SECRET"];
        var storedHash = await StoredHashAsync(cancellationToken);
        if (!string.IsNullOrEmpty(configured))
        {
            if (storedHash is null || !ClientSecretHasher.Verify(configured, storedHash))
            {
                await UpsertAsync(ClientSecretHasher.Hash(configured), cancellationToken);
                logger.AdminSecretFromEnvironment();
            }

            return;
        }

        if (storedHash is not null)
        {
            return;
        }

        var secret = ClientSecretHasher.NewSecret();
        if (await InsertIfMissingAsync(ClientSecretHasher.Hash(secret), cancellationToken))
        {
            var path = Path.Combine(HubDataDirectory.From(configuration), SecretFileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(path, fileOptions))
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteLineAsync(secret);
            }

            logger.AdminSecretGenerated(path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string?> StoredHashAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT secret_hash FROM oauth_client WHERE client_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = OAuthClient.AdminClientId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task UpsertAsync(string hash, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO oauth_client (client_id, secret_hash, scopes) VALUES ($1, $2, $3) ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash");
        AddParameters(command, hash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>False when another node created the client first; its secret file is on that node.</summary>
    private async Task<bool> InsertIfMissingAsync(string hash, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO oauth_client (client_id, secret_hash, scopes) VALUES ($1, $2, $3) ON CONFLICT (client_id) DO NOTHING");
        AddParameters(command, hash);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static void AddParameters(NpgsqlCommand command, string hash)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = OAuthClient.AdminClientId });
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        command.Parameters.Add(new NpgsqlParameter { Value = new[] { Scopes.Admin } });
    }
}
