namespace Hub.Storage;

/// <summary>PostgreSQL keeps timestamps to the microsecond; answers built before a write must show what a later read will.</summary>
internal static class StoredPrecision
{
    public static DateTimeOffset Of(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);
}
