using Npgsql;

namespace Hub.Storage;

internal static class CommandExtensions
{
    /// <summary>Adds positional parameters ($1, $2, …) in order; null becomes SQL NULL.</summary>
    public static NpgsqlCommand WithParameters(this NpgsqlCommand command, params object?[] values)
    {
        AddPositional(command.Parameters, values);
        return command;
    }

    /// <inheritdoc cref="WithParameters(NpgsqlCommand, object?[])"/>
    public static NpgsqlBatchCommand WithParameters(this NpgsqlBatchCommand command, params object?[] values)
    {
        AddPositional(command.Parameters, values);
        return command;
    }

    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    private static void AddPositional(NpgsqlParameterCollection parameters, object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
