# Textos de las pantallas de información (ver content/screens.yaml para cómo se enlazan).

screen-menu = ¿En qué te puedo ayudar?
button-women = 💜 Orientación para mujeres
button-men = 🤝 Entre patas (para hombres)
button-instancia = 🏛️ Instancia de concertación
button-privacy = 🔒 Privacidad y salida
button-do-emergency = 🆘 Emergencia
button-do-exit = 🚪 Salir rápido
button-go-erase = 🗑️ Borrar mis datos

screen-women =
    💜 Orientación para mujeres

    Aquí encuentras información sobre la violencia, tus derechos y dónde pedir ayuda. Nadie tiene derecho a lastimarte, y pedir ayuda no es tu culpa.
screen-men =
    🤝 Entre patas

    Entre patas es el servicio de escucha y orientación de «Hombres por la Igualdad»: un espacio para hablar de la relación de pareja, la paternidad y las emociones, sin juicios.
screen-instancia =
    🏛️ Instancias de concertación

    Las instancias de concertación reúnen al CEM, la policía, salud, educación, la municipalidad y la sociedad civil para prevenir la violencia (Ley N° 30364). Si eres integrante, aquí recibirás los recordatorios de reuniones y el seguimiento de acuerdos.
screen-privacy = { privacy }
