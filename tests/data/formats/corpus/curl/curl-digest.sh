curl --digest -u 'daniel:Dg-8lcKRXPbq3tsM8' https://httpbin.org/digest-auth/auth/daniel/Dg-8lcKRXPbq3tsM8
