using Hub.Hosting;

return await HubHost.RunAsync(args);
