using System.Security.Cryptography;
using Hub.Storage;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Hub.Auth;

/// <summary>
/// A ring of ES256 keys kept in one PostgreSQL table, so every node signs and verifies with the same
/// ones. The newest key signs; once it is older than <see cref="Lifetime"/> a new one replaces it, and
/// a retired key stays published for as long as <see cref="PublishedSince"/> says.
/// </summary>
internal abstract class KeyRing(NpgsqlDataSource database, TimeProvider clock) : IDisposable
{
    /// <summary>How long a node trusts its copy before reading the table again (other nodes may have rotated).</summary>
    private static readonly TimeSpan ReloadAfter = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < ReloadAfter)
        {
            return snapshot;
        }

        return await ReloadAsync(snapshot, cancellationToken);
    }

    /// <summary>
    /// The published key with this id; a miss reloads once, since another node may have just rotated.
    /// </summary>
    public async Task<JsonWebKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(cancellationToken);
        if (snapshot.Published.TryGetValue(kid, out var key))
        {
            return key;
        }

        var reloaded = await ReloadAsync(snapshot, cancellationToken);
        return reloaded.Published.GetValueOrDefault(kid);
    }

    /// <summary>
    /// Makes sure the published keys are loaded and, when <paramref name="kid"/> is given, hold it if
    /// any node published it; <see cref="Published"/> then answers without waiting.
    /// </summary>
    public async Task EnsureKeyAsync(string? kid, CancellationToken cancellationToken)
    {
        if (kid is null)
        {
            await GetAsync(cancellationToken);
        }
        else
        {
            await FindAsync(kid, cancellationToken);
        }
    }

    /// <summary>The published keys as last loaded; none before the first load.</summary>
    public IReadOnlyDictionary<string, JsonWebKey> Published => _snapshot?.Published ?? new Dictionary<string, JsonWebKey>();

    /// <summary>Retires the current key now and starts signing with a new one.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        await EnsureCurrentKeyAsync(forceNew: true, cancellationToken);
        await ReloadAsync(_snapshot, cancellationToken);
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>The table of the ring's keys: kid, private_key, public_jwk, created_at, retired_at.</summary>
    protected abstract string Table { get; }

    /// <summary>How long a key signs before a new one takes over.</summary>
    protected abstract TimeSpan Lifetime { get; }

    /// <summary>Keys retired before this instant are no longer published; null publishes every key ever made.</summary>
    protected abstract DateTimeOffset? PublishedSince(DateTimeOffset now);

    private async Task<Snapshot> ReloadAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have reloaded while this one waited.
            if (!ReferenceEquals(_snapshot, seen))
            {
                return _snapshot!;
            }

            await EnsureCurrentKeyAsync(forceNew: false, cancellationToken);
            var loaded = await LoadAsync(cancellationToken);
            // The previous snapshot's key is left to the collector: a call may still be signing with it.
            _snapshot = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task EnsureCurrentKeyAsync(bool forceNew, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One node at a time decides whether to rotate.
        await AdvisoryLock.TakeAsync(connection, transaction, $"hub.{Table}", cancellationToken);

        await using (var current = new NpgsqlCommand($"SELECT count(*) FROM {Table} WHERE retired_at IS NULL AND created_at > $1", connection, transaction))
        {
            current.Parameters.Add(new NpgsqlParameter { Value = now - Lifetime });
            if (!forceNew && (long)(await current.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return;
            }
        }

        await using (var retire = new NpgsqlCommand($"UPDATE {Table} SET retired_at = $1 WHERE retired_at IS NULL", connection, transaction))
        {
            retire.Parameters.Add(new NpgsqlParameter { Value = now });
            await retire.ExecuteNonQueryAsync(cancellationToken);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await using (var insert = new NpgsqlCommand($"INSERT INTO {Table} (kid, private_key, public_jwk, created_at) VALUES ($1, $2, $3::jsonb, $4)", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = kid });
            insert.Parameters.Add(new NpgsqlParameter { Value = key.ExportPkcs8PrivateKey() });
            insert.Parameters.Add(new NpgsqlParameter { Value = Jwks.ToJson(Jwks.Public(key, kid)).ToJsonString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = database.CreateCommand(
            $"SELECT kid, private_key, public_jwk::text, retired_at FROM {Table} WHERE retired_at IS NULL OR $1::timestamptz IS NULL OR retired_at > $1 ORDER BY created_at DESC");
        command.Parameters.Add(new NpgsqlParameter { Value = PublishedSince(now) is { } since ? since : DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        SigningKey? current = null;
        var published = new Dictionary<string, JsonWebKey>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kid = reader.GetString(0);
            if (!Jwks.TryParsePublic(reader.GetString(2), out var jwk, out var error))
            {
                throw new InvalidOperationException($"Key {kid} in {Table} is unreadable: {error}.");
            }

            published[kid] = jwk!;
            if (current is null && reader.IsDBNull(3))
            {
                var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey((byte[])reader[1], out _);
                current = new SigningKey(kid, key);
            }
        }

        return new Snapshot(current ?? throw new InvalidOperationException("No current signing key."), published, now);
    }

    internal sealed record SigningKey(string Kid, ECDsa Key)
    {
        /// <summary>What Microsoft.IdentityModel signs with: this key, ES256, its kid in the header.</summary>
        public SigningCredentials Credentials { get; } = new(new ECDsaSecurityKey(Key) { KeyId = Kid }, SecurityAlgorithms.EcdsaSha256);
    }

    internal sealed record Snapshot(SigningKey Current, IReadOnlyDictionary<string, JsonWebKey> Published, DateTimeOffset LoadedAt)
    {
        /// <summary>The JWKS document (RFC 7517 §5) of the published keys.</summary>
        public string Jwks { get; } = Auth.Jwks.Set(Published.Values);
    }
}
