using Hub.Cli;

return await HubCommandLine.InvokeAsync(args, Console.Out, Console.Error);
