namespace Hub.PersonPage;

/// <summary>What the person's page tells the operator. Never the person's data: a code's handle is no secret and names no one.</summary>
internal static partial class PersonPageLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Sign-in code {Handle} is locked after {Attempts} wrong entries; someone may be guessing.")]
    public static partial void CodeLocked(ILogger logger, string handle, int attempts);
}
