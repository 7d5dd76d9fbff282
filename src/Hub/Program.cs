using Hub.Hosting;

// Settings ship beside the binary, whatever directory the hub is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddHub();

var app = builder.Build();
app.MapHub();
await app.RunAsync();
