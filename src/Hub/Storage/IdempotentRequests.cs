using Google.Protobuf;
using Hub.Audit;
using Hub.Rpc;
using Npgsql;

namespace Hub.Storage;

/// <summary>
/// Runs a mutating call at most once per (caller, request_id): the first answer is stored in the
/// same transaction as the change it reports, and a repeat gets that answer back without a second
/// change. Concurrent repeats wait for the first to finish. The audit records the change writes
/// are chained once it commits, before its answer is returned.
/// </summary>
internal sealed class IdempotentRequests(ChangeDatabase database, AuditTrail audit)
{
    public const int MaxRequestIdLength = 128;

    /// <summary>
    /// Runs <paramref name="change"/> in a transaction, or returns the stored answer of an earlier
    /// run with the same request id. <paramref name="storedAnswer"/> says what a repeat gets back (by
    /// default the answer itself; RegisterAgency strips the secret). An empty request id opts out.
    /// </summary>
    public async Task<TResponse> RunAsync<TResponse>(
        string caller,
        string requestId,
        string method,
        MessageParser<TResponse> parser,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<TResponse>> change,
        Func<TResponse, TResponse>? storedAnswer = null,
        CancellationToken cancellationToken = default)
        where TResponse : IMessage<TResponse>
    {
        if (requestId.Length > MaxRequestIdLength)
        {
            throw Errors.InvalidField("request_id", $"request_id may be at most {MaxRequestIdLength} characters.");
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        using var audited = audit.Follow(transaction);
        if (requestId.Length > 0)
        {
            // The lock and the lookup under it in one round trip: PostgreSQL runs a batch's statements in order.
            await using var lookup = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    AdvisoryLock.Take($"{caller}/{requestId}"),
                    new NpgsqlBatchCommand("SELECT method, response FROM idempotent_request WHERE caller = $1 AND request_id = $2").WithParameters(caller, requestId),
                },
            };
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(0) != method)
                {
                    throw Errors.InvalidField("request_id", "This request_id was already used for a different call.");
                }

                return parser.ParseFrom((byte[])reader[1]);
            }
        }

        var response = await change(connection, transaction);
        if (requestId.Length > 0)
        {
            await using var record = connection.Command(
                "INSERT INTO idempotent_request (caller, request_id, method, response) VALUES ($1, $2, $3, $4)", transaction)
                .WithParameters(caller, requestId, method, (storedAnswer is null ? response : storedAnswer(response)).ToByteArray());
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await audited.CommitAsync(cancellationToken);
        return response;
    }
}
