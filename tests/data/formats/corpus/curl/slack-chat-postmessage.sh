curl -X POST -H 'Authorization: Bearer xoxb-3257382513689-2251379885513-g6TiawRvLlhgTaYeUQrsqyPS' \
-H 'Content-type: application/json' \
--data '{"channel":"C123ABC456","text":"I hope the tour went well, Mr. Wonka."}' \
https://slack.com/api/chat.postMessage
