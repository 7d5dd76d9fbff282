using Npgsql;

namespace Hub.Storage;

internal static class CommandExtensions
{
    /// <summary>Adds positional parameters ($1, $2, …) in order; null becomes SQL NULL.</summary>
    public static NpgsqlCommand WithParameters(this NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);
}
