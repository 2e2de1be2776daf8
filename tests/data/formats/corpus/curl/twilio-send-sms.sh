curl -X POST "https://api.twilio.com/2010-04-01/Accounts/AC1d5f1d21a5afef9a0a00068258bc0ae2/Messages.json" \
--data-urlencode "Body=Hi there" \
--data-urlencode "From=+15557122661" \
--data-urlencode "To=+15558675310" \
-u AC1d5f1d21a5afef9a0a00068258bc0ae2:39ed8f9d361ae82e3d175bdd0bdaa538
