using Hub.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddHub();

var app = builder.Build();
app.MapHub();
await app.RunAsync();
