curl https://checkout-test.adyen.com/v71/paymentMethods \
-H 'x-API-key: AQErYSJGZ2EjwnsCBc7xJp8eUdV16Qw9J6DHsM0XT6vqAf7P/4wtB=I5DewHlYxywt35+u/W6abn1NPhx0nYKvykDsGhtTBxy=vAcdm0UEkdQex4qcvgsohEPO1' \
-H 'content-type: application/json' \
-d '{
  "merchantAccount": "AdyenRecruitmentCOM",
  "countryCode": "NL",
  "amount": {
    "currency": "EUR",
    "value": 1000
  }
}'
