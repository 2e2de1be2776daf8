curl -s --user 'api:key-790f51152c9ff36c476765521b6c4bae' \
    https://api.mailgun.net/v3/sandbox123.mailgun.org/messages \
    -F from='Excited User <mailgun@sandbox123.mailgun.org>' \
    -F to=YOU@YOUR_DOMAIN_NAME \
    -F subject='Hello' \
    -F text='Testing some Mailgun awesomeness!'
