using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Hub.Storage;

/// <summary>
/// The Data Protection key ring in PostgreSQL, so every node protects and unprotects with the same
/// keys (the person's page's antiforgery tokens: a form from one node posts to another). The
/// interface is synchronous and the data source multiplexes (no synchronous commands), so the calls
/// wait on the asynchronous ones: Data Protection reads the ring when it starts and about once a day.
/// </summary>
internal sealed class DataProtectionKeys(NpgsqlDataSource database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => ReadAllAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> ReadAllAsync()
    {
        await using var command = database.CreateCommand("SELECT xml FROM data_protection_key ORDER BY created_at");
        await using var reader = await command.ExecuteReaderAsync();
        var elements = new List<XElement>();
        while (await reader.ReadAsync())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    private async Task StoreAsync(XElement element, string friendlyName)
    {
        // Two nodes creating a key at once each add their own (distinct names); neither is lost.
        await using var command = database.CreateCommand("INSERT INTO data_protection_key (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING")
            .WithParameters(friendlyName, element.ToString(SaveOptions.DisableFormatting));
        await command.ExecuteNonQueryAsync();
    }
}
