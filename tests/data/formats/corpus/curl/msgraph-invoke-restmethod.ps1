$headers = @{
    Authorization = "Bearer $accessToken"
    "Content-Type" = "application/json"
}
Invoke-RestMethod -Uri "https://graph.microsoft.com/v1.0/me" -Headers $headers -Method Get
