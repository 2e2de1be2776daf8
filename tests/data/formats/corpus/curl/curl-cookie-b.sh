curl -b "sessionid=d0b75d21afe47bebc51c936aa4a29675; csrftoken_visible=no; theme=dark" https://www.example.com/account/settings
