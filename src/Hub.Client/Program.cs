using System.CommandLine;
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
