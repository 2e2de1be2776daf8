curl -X POST https://sandbox.plaid.com/accounts/get \
-H 'Content-Type: application/json' \
-d '{
  "client_id": "c81b4d9a21b721539298b0f3",
  "secret": "0a0aa5111af343582a11cec7132d77",
  "access_token": "access-sandbox-9ad1c87b-a4d3-41b1-6c5b-18ce53a3bd41"
}'
