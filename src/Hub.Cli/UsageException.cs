namespace Hub.Cli;

/// <summary>The command line asks for something hubctl can't do; the message says what to give instead.</summary>
internal sealed class UsageException(string message) : Exception(message);
