using Hub.Client.Cli;

return await HubCommandLine.InvokeAsync(args, Console.Out, Console.Error);
