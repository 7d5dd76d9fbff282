using System.CommandLine;
using Hub.Client;
using Hub.Client.Cli;
using Hub.Protocol;

try
{
    return await HubCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (RpcException exception)
{
    // A failed call is an answer, not a crash: say what the hub said.
    await Console.Error.WriteLineAsync($"error: {exception.StatusCode}: {exception.Status.Detail}" +
        (exception.Status.ErrorInfo is { } info ? $" ({info.Reason})" : string.Empty));
    return 1;
}
catch (UsageException exception)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message}");
    return 2;
}
catch (Exception exception) when (exception is TokenRequestException or HttpRequestException or IOException or UnauthorizedAccessException)
{
    // The token service said no, or could not be reached, or a file named on the command line could not be read.
    await Console.Error.WriteLineAsync($"error: {exception.Message}");
    return 1;
}
