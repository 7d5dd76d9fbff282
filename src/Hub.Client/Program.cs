Console.Error.WriteLine("usage: hubctl <command>");
return 2;
